/** Strings of the negotiation-setup pages (start, participants, invites); merged into the catalogue. */
export const participantsZh = {};
export const participantsEn: typeof participantsZh = {};
