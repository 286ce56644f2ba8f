// Live status on the applicant's pages, and keyboard shortcuts on the staff document page.
(function () {
  "use strict";
  const FINAL = new Set(["accepted", "rejected", "resubmission_requested", "failed", "needs_review"]);

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
          if (document.body.dataset.reloadOnStatus !== "no" && FINAL.has(data.status)) window.location.reload();
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
      if (event.key === "a") { event.preventDefault(); document.getElementById("accept-form").submit(); }
      else if (event.key === "r") { event.preventDefault(); document.getElementById("reject-reason").focus(); }
      else if (event.key === "s") { event.preventDefault(); document.querySelector("#resubmit-form input[name=note]").focus(); }
      else if (event.key === "j") go(review.dataset.nextUrl);
      else if (event.key === "k") go(review.dataset.prevUrl);
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
        box.querySelectorAll("[data-field]").forEach((el) => {
          const field = el.dataset.field;
          if (field === "percent") el.style.width = data.percent + "%";
          else if (field === "rate") el.textContent = data.rate.toFixed(1);
          else if (field in data) el.textContent = data[field];
        });
        if (data.status !== box.dataset.status || String(data.failed) !== box.dataset.failed) window.location.reload();
      })
      .catch(() => null)
      .finally(() => setTimeout(batchProgress, 2000));
  }

  document.addEventListener("DOMContentLoaded", () => { setTimeout(poll, 1500); shortcuts(); setTimeout(batchProgress, 2000); });
})();
