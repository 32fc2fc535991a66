import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { serializeCookie } from "~/server/http/cookies";
import { LANG_COOKIE } from "../i18n/lang.server";
import { safeRedirect } from "../safeRedirect";

const languageSchema = z.object({ lang: z.enum(["zh", "en"]), redirectTo: z.string().max(2000).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = languageSchema.safeParse(Object.fromEntries(await request.formData()));
  const lang = parsed.success ? parsed.data.lang : "zh";
  return redirect(safeRedirect(parsed.success ? parsed.data.redirectTo : undefined), {
    headers: { "Set-Cookie": serializeCookie(LANG_COOKIE, lang, { maxAgeSeconds: 365 * 24 * 3600, secure: request.url.startsWith("https:"), httpOnly: false }) },
  });
}

export const loader = () => redirect("/");
