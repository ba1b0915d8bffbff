/** A site DLP rule pack (YAML) with one rule that tags mail mentioning `keyword` as `codename`. */
export const SITE_RULE = (keyword: string): string => `kind: dlp
description: Site rules for the test
rules:
  - id: site-codename
    description: A project code name leaves the company
    severity: low
    when:
      body: { keywords: [${keyword}] }
    actions: [{ tag: codename }]
    examples:
      - body: "about ${keyword} tomorrow"
    counterExamples:
      - body: "nothing to see"
`;
