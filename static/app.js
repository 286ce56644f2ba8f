// Live status on the applicant's pages, and keyboard shortcuts on the staff document page.
(function () {
  "use strict";
  const FINAL = new Set(["accepted", "rejected", "resubmission_requested", "resubmitted", "failed", "needs_review", "withdrawn"]);
  // Once the user (or a form) has started to leave the page, a status that arrives late must not reload it:
  // the reload would cancel the navigation the user asked for.
  let leaving = false;
  // A download also fires beforeunload but leaves the page standing: if it is still here later, go on.
  window.addEventListener("beforeunload", () => { leaving = true; setTimeout(() => { leaving = false; }, 3000); });

  function poll() {
    const pending = Array.from(document.querySelectorAll("[data-status-url]"))
      .filter((el) => !FINAL.has(el.dataset.status));
    if (!pending.length) return;
    Promise.all(pending.map((el) => fetch(el.dataset.statusUrl, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (data && data.status !== el.dataset.status) {
          el.dataset.status = data.status;
          el.textContent = data.status.replace(/_/g, " ");
          el.className = "status s-" + data.status;
          if (!leaving && document.body.dataset.reloadOnStatus !== "no" && FINAL.has(data.status)) window.location.reload();
        }
      }).catch(() => null))).finally(() => setTimeout(poll, 2000));
  }

  function shortcuts() {
    const review = document.getElementById("review");
    if (!review) return;
    document.addEventListener("keydown", (event) => {
      const tag = (event.target.tagName || "").toLowerCase();
      if (["input", "textarea", "select"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
      const go = (url) => { if (url) window.location.href = url; };
      // A document that cannot be decided has no decision forms: a, r and s do nothing there.
      const accept = document.getElementById("accept-form");
      const reason = document.getElementById("reject-reason");
      const resubmit = document.getElementById("resubmit-note");
      if (event.key === "a" && accept) { event.preventDefault(); accept.submit(); }
      else if (event.key === "r" && reason) { event.preventDefault(); reason.focus(); }
      else if (event.key === "s" && resubmit) { event.preventDefault(); resubmit.focus(); }
      else if (event.key === "j") go(review.dataset.nextUrl);
      else if (event.key === "k") go(review.dataset.prevUrl);
    });
  }

  // Staying on a waiting document's page claims it for its reviewer; passing through with j and k does not.
  function claimAfterStaying() {
    const review = document.getElementById("review");
    if (!review || !review.dataset.claimUrl) return;
    const status = document.getElementById("claim-status");
    setTimeout(() => {
      if (leaving || document.visibilityState !== "visible") return;
      fetch(review.dataset.claimUrl, { method: "POST", credentials: "same-origin",
                                       headers: { "X-CSRFToken": review.dataset.csrf } })
        .then((r) => (r.ok ? r.json() : null))
        .then((data) => {
          if (!data || !status) return;
          if (data.held) status.textContent = "You are working on this document (until " + data.until + " UTC).";
          else if (data.holder) status.textContent = data.holder + " is working on this document (until " + data.until
            + " UTC). Reload to take it over.";
          else status.textContent = "This document was decided meanwhile. Reload to see it.";
        }).catch(() => null);
    }, 1000 * Number(review.dataset.claimAfter || 20));
  }

  // Zoom the page images (100 % to 400 %); each page scrolls in its own frame, so zooming in is also panning.
  function pageZoom() {
    const tools = document.querySelector(".page-tools");
    if (!tools) return;
    const steps = [1, 1.5, 2, 3, 4];
    let at = 0;
    const level = tools.querySelector(".zoom-level");
    tools.querySelectorAll("[data-zoom]").forEach((button) => button.addEventListener("click", () => {
      at = Math.max(0, Math.min(steps.length - 1, at + Number(button.dataset.zoom)));
      document.querySelectorAll(".page-view .page").forEach((page) => { page.style.width = steps[at] * 100 + "%"; });
      if (level) level.textContent = steps[at] * 100 + "%";
    }));
  }

  // Choosing a reject reason fills in its ready-made note, unless the reviewer has written their own.
  function readyNotes() {
    const reason = document.getElementById("reject-reason");
    const note = document.getElementById("reject-note");
    if (!reason || !note) return;
    let filled = "";
    reason.addEventListener("change", () => {
      const option = reason.options[reason.selectedIndex];
      if (note.value.trim() === "" || note.value === filled) { filled = option.dataset.note || ""; note.value = filled; }
    });
  }

  // A batch page: the numbers refresh every two seconds; the lists below them when a document fails
  // or the batch ends.
  function batchProgress() {
    const box = document.querySelector(".batch-progress[data-progress-url]");
    if (!box || box.dataset.status !== "running") return;
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (!data) return;
        const bar = box.querySelector("[role=progressbar]");
        if (bar) { bar.setAttribute("aria-valuenow", data.done); bar.setAttribute("aria-valuemax", data.total); }
        box.querySelectorAll("[data-field]").forEach((el) => {
          const field = el.dataset.field;
          if (field === "percent") el.style.width = data.percent + "%";
          else if (field === "rate") el.textContent = data.rate.toFixed(1);
          else if (field in data) el.textContent = data[field];
        });
        if (!leaving && (data.status !== box.dataset.status || String(data.failed) !== box.dataset.failed)) window.location.reload();
      })
      .catch(() => null)
      .finally(() => setTimeout(batchProgress, 2000));
  }

  document.addEventListener("DOMContentLoaded", () => { setTimeout(poll, 1500); shortcuts(); claimAfterStaying(); readyNotes(); pageZoom(); setTimeout(batchProgress, 2000); });
})();
