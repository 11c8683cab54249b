/** The report formats of `check` and `scan`, apart from their renderers (parsing a flag must not load them). */
export const FORMATS = ["text", "markdown", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];
