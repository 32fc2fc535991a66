import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { appendAudit } from "../../db/audit";
import { SESSION_COOKIE, revokeSession, userForSession } from "../../server/auth/sessions";
import { readCookie, serializeCookie } from "../../server/http/cookies";

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (token) {
    const user = userForSession(context.db, token, context.env.sessionSecret);
    revokeSession(context.db, token, context.env.sessionSecret);
    if (user) {
      appendAudit(context.db, { negotiationId: null, actorId: user.id, action: "auth.logout" });
      context.collab.reauthorise(user.id); // this session's live-draft sockets end with it
    }
  }
  return redirect("/login", { headers: { "Set-Cookie": serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: request.url.startsWith("https:") }) } });
}

export const loader = () => redirect("/");
