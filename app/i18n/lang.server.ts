import { langOfCookies } from "~/server/http/lang";
import type { Lang } from "./catalogue";

export { LANG_COOKIE } from "~/server/http/lang";

export function langOf(request: Request): Lang {
  return langOfCookies(request.headers.get("Cookie"));
}
