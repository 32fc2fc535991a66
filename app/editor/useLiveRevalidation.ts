import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** Reloads the page's data when the server says something in the negotiation changed. */
export function useLiveRevalidation(negotiationId: string, kinds?: string[]): void {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  const wanted = kinds?.join(",");
  useEffect(() => {
    const source = new EventSource(`/negotiations/${negotiationId}/events`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onmessage = (message) => {
      const { kind } = JSON.parse(message.data) as { kind: string };
      if (wanted && !wanted.split(",").includes(kind)) return;
      clearTimeout(timer);
      timer = setTimeout(() => ref.current.revalidate(), 150);
    };
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [negotiationId, wanted]);
}
