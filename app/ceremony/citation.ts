/** A citation is one line read out at the ceremony. Shared by the form (browser) and the server. */
export const CITATION_MAX = 300;
