import { readCookie } from "../../server/http/cookies";
import type { Lang } from "./catalogue";

export const LANG_COOKIE = "ts_lang";

export function langOf(request: Request): Lang {
  return readCookie(request.headers.get("Cookie"), LANG_COOKIE) === "en" ? "en" : "zh";
}
