import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { currentUser } from "../guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return redirect(await currentUser(request, context) ? "/negotiations" : "/login");
}
