/*
 * Search ranking for this site (html_search_scorer). Sphinx's own constants, plus one rule:
 * pages outrank API objects. A visitor who types a project's or an employer's name wants its
 * page, not the functions named after it. Role and project pages get a small lift over other
 * pages that match as well, so "Girvan" lists the Community Detection page first, then the
 * code sample's pages, then the API entries. tests/site/searchindex.py ports these rules.
 */
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    if (kind === "object") return score - Scorer.objectPenalty;
    if (/^(experience|projects)\//.test(docname)) return score + Scorer.workPageBoost;
    return score;
  },
  objectPenalty: 30,
  workPageBoost: 5,
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
