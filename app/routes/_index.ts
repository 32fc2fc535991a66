import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { currentUser } from "../guards.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  return redirect(currentUser(request, context) ? "/negotiations" : "/login");
}
