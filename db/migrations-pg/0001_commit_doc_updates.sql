-- The collaboration group commit on several nodes (ADR 027) in one round trip: take each document's
-- lock shared without waiting, refuse the rows of a negotiation signed meanwhile, append the rest in
-- arrival order, and say per document which it was. One statement run on its own is its own
-- transaction, so the shared holds last until the rows are committed.
CREATE OR REPLACE FUNCTION tongshang_append_doc_updates(
  p_lock_keys text[], p_negotiation_ids text[], p_drafts text[], p_updates bytea[], p_user_ids text[], p_origins text[], p_created_at bigint, p_held text[]
) RETURNS TABLE (lock_key text, outcome text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  taken text[];
  refused text[];
BEGIN
  -- A document a command on this node holds (p_held) commits under that command's lock.
  SELECT coalesce(array_agg(k), '{}') INTO taken
    FROM (SELECT DISTINCT unnest(p_lock_keys) AS k) AS keys
    WHERE k = ANY(p_held) OR pg_try_advisory_xact_lock_shared(hashtextextended(k, 0));
  -- A statement of its own, after the locks: each statement of a VOLATILE function reads a fresh
  -- snapshot, so a signing committed before our hold was granted is seen (signing sets locked_at
  -- under the document's lock).
  SELECT coalesce(array_agg(DISTINCT r.k), '{}') INTO refused
    FROM unnest(p_lock_keys, p_negotiation_ids) AS r(k, n)
    JOIN negotiations ON negotiations.id = r.n
    WHERE r.k = ANY(taken) AND NOT r.k = ANY(p_held) AND negotiations.locked_at IS NOT NULL;
  INSERT INTO doc_updates (negotiation_id, draft, "update", user_id, origin, created_at)
    SELECT r.n, r.d, r.u, r.usr, r.o, p_created_at
    FROM unnest(p_lock_keys, p_negotiation_ids, p_drafts, p_updates, p_user_ids, p_origins) WITH ORDINALITY AS r(k, n, d, u, usr, o, i)
    WHERE r.k = ANY(taken) AND NOT r.k = ANY(refused)
    ORDER BY r.i;
  RETURN QUERY
    SELECT keys.k, CASE WHEN NOT keys.k = ANY(taken) THEN 'deferred' WHEN keys.k = ANY(refused) THEN 'refused' ELSE 'stored' END
    FROM (SELECT DISTINCT unnest(p_lock_keys) AS k) AS keys;
END
$$;
