import type { Lang } from "~/shared/i18n/format";
import { readCookie } from "./cookies";

/** The language switch's cookie (app/routes/language.ts sets it); Chinese unless it says English. */
export const LANG_COOKIE = "ts_lang";

/** The request's language from its Cookie header: for Remix routes and the Express layer alike. */
export function langOfCookies(header: string | null | undefined): Lang {
  return readCookie(header, LANG_COOKIE) === "en" ? "en" : "zh";
}
