import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/db/audit";
import { SESSION_COOKIE, revokeSession, userForSession } from "~/server/auth/sessions";
import { readCookie, serializeCookie } from "~/server/http/cookies";

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (token) {
    const user = await userForSession(context.driver.db, token, context.env.sessionSecret);
    await context.driver.write(async (tx) => {
      await revokeSession(tx, token, context.env.sessionSecret);
      if (user) await appendAudit(tx, { negotiationId: null, actorId: user.id, action: "auth.logout" });
    });
    if (user) {
      await context.collab.reauthorise(user.id); // this session's live-draft sockets end with it
    }
  }
  return redirect("/login", { headers: { "Set-Cookie": serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: request.url.startsWith("https:") }) } });
}

export const loader = () => redirect("/");
