/** Strings of the administration pages (organisations, accounts); merged into the catalogue. */
export const adminZh = {};
export const adminEn: typeof adminZh = {};
