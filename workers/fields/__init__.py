"""Reading fields from a document's words: candidates found by rules, described, and chosen."""
