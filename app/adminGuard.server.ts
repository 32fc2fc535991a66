import { json, type AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "~/server/auth/sessions";
import { canAdminister, type AdminAction } from "~/server/policies/admin";
import { requireAdmin } from "./guards.server";
import { refusalText } from "~/shared/i18n/refusals";
import { langOf } from "./i18n/lang.server";

/** The administration pages' guard: signed in (else to sign-in), an administrator, and allowed `action` by the admin policy. */
export async function requireAdministration(request: Request, context: AppLoadContext, action: AdminAction): Promise<SessionUser> {
  const user = await requireAdmin(request, context);
  if (!canAdminister(user, action)) throw json({ error: "forbidden", message: refusalText(langOf(request), { key: "admin.only" }) }, { status: 403 });
  return user;
}
