CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"negotiation_id" text,
	"at" bigint NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"detail" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "caucus_drafts" (
	"negotiation_id" text NOT NULL,
	"side" text NOT NULL,
	"base_content" text,
	"base_hash" text,
	"base_round" bigint,
	"copied_at" bigint,
	"copied_by" text,
	"representatives_may_table" boolean DEFAULT false NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "caucus_drafts_negotiation_id_side_pk" PRIMARY KEY("negotiation_id","side")
);
--> statement-breakpoint
CREATE TABLE "caucus_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"clause_id" text,
	"side" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clause_states" (
	"negotiation_id" text NOT NULL,
	"clause_id" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by_side" text,
	"updated_by" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "clause_states_negotiation_id_clause_id_pk" PRIMARY KEY("negotiation_id","clause_id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"clause_id" text,
	"parent_id" text,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"mentions" text DEFAULT '[]' NOT NULL,
	"resolved_at" bigint,
	"resolved_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegations" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_org_id" text NOT NULL,
	"to_org_id" text NOT NULL,
	"letter_no" text NOT NULL,
	"valid_from" text NOT NULL,
	"valid_to" text NOT NULL,
	"scan" "bytea",
	"scan_mime" text,
	"registered_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL,
	"revoked_at" bigint,
	"revoked_by" text,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "doc_states" (
	"negotiation_id" text NOT NULL,
	"draft" text DEFAULT 'live' NOT NULL,
	"state" "bytea" NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "doc_states_negotiation_id_draft_pk" PRIMARY KEY("negotiation_id","draft")
);
--> statement-breakpoint
CREATE TABLE "doc_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"draft" text DEFAULT 'live' NOT NULL,
	"update" "bytea" NOT NULL,
	"user_id" text,
	"origin" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_writers" (
	"document" text NOT NULL,
	"client_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "doc_writers_document_client_id_pk" PRIMARY KEY("document","client_id")
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"side" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint,
	"used_by" text
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"address" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"held_on" text NOT NULL,
	"place" text NOT NULL,
	"chair_user_id" text,
	"minute_taker" text NOT NULL,
	"attendees" text NOT NULL,
	"agenda" text NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"outcomes" text NOT NULL,
	"suspended_reason" text,
	"resume_on" text,
	"union_confirmed_by" text,
	"enterprise_confirmed_by" text,
	"union_confirmed_at" bigint,
	"enterprise_confirmed_at" bigint,
	"recorded_by" text,
	"updated_at" bigint,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minimum_wage_rounds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"area" text NOT NULL,
	"monthly_fen" bigint NOT NULL,
	"hourly_fen" bigint NOT NULL,
	"effective_from" text NOT NULL,
	"source" text NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"origin" text NOT NULL,
	"created_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "negotiations" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"scope" text NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"industry" text DEFAULT '' NOT NULL,
	"mode" text NOT NULL,
	"union_org_id" text NOT NULL,
	"enterprise_org_id" text NOT NULL,
	"higher_union_org_id" text,
	"proposed_by_side" text NOT NULL,
	"proposed_on" text NOT NULL,
	"answered_on" text,
	"status" text DEFAULT 'proposed' NOT NULL,
	"locked_at" bigint,
	"signed_on" text,
	"filed_on" text,
	"effective_on" text,
	"published_on" text,
	"expires_on" text,
	"review_outcome" text,
	"reviewed_on" text,
	"review_note" text,
	"minimum_wage_area" text DEFAULT '内蒙古·一类' NOT NULL,
	"created_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL,
	"coverage_enterprises" bigint,
	"coverage_workers" bigint,
	"algorithm_consulted_on" text,
	"filed_with_org_id" text,
	"clause_count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"side" text NOT NULL,
	"role" text NOT NULL,
	"outside_expert" boolean DEFAULT false NOT NULL,
	"added_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ratifications" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"version_id" text NOT NULL,
	"body" text NOT NULL,
	"total" bigint NOT NULL,
	"attended" bigint NOT NULL,
	"approved" bigint NOT NULL,
	"against" bigint NOT NULL,
	"abstained" bigint NOT NULL,
	"held_on" text NOT NULL,
	"resolution_no" text NOT NULL,
	"valid" boolean NOT NULL,
	"recorded_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"round" bigint NOT NULL,
	"side" text NOT NULL,
	"version_id" text NOT NULL,
	"tabled_by" text NOT NULL,
	"tabled_at" bigint NOT NULL,
	"changed_clauses" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL,
	"expires_at" bigint NOT NULL,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "sign_offs" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"version_id" text NOT NULL,
	"user_id" text NOT NULL,
	"side" text NOT NULL,
	"capacity" text NOT NULL,
	"delegation_id" text,
	"content_hash" text NOT NULL,
	"signed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tentative_agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"clause_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"agreed_title" text DEFAULT '' NOT NULL,
	"agreed_body" text DEFAULT '' NOT NULL,
	"union_confirmed_by" text,
	"union_confirmed_at" bigint,
	"enterprise_confirmed_by" text,
	"enterprise_confirmed_at" bigint,
	"voided_at" bigint,
	"void_reason" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"organisation_id" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"disabled_at" bigint,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"label" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"side" text NOT NULL,
	"kind" text NOT NULL,
	"created_by" text,
	"created_at" bigint DEFAULT ((extract(epoch from now()) * 1000)::bigint) NOT NULL,
	"content" text NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "caucus_drafts" ADD CONSTRAINT "caucus_drafts_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caucus_drafts" ADD CONSTRAINT "caucus_drafts_copied_by_users_id_fk" FOREIGN KEY ("copied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caucus_notes" ADD CONSTRAINT "caucus_notes_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caucus_notes" ADD CONSTRAINT "caucus_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clause_states" ADD CONSTRAINT "clause_states_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clause_states" ADD CONSTRAINT "clause_states_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_from_org_id_organisations_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_to_org_id_organisations_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_states" ADD CONSTRAINT "doc_states_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_updates" ADD CONSTRAINT "doc_updates_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_used_by_users_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_chair_user_id_users_id_fk" FOREIGN KEY ("chair_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_union_confirmed_by_users_id_fk" FOREIGN KEY ("union_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_enterprise_confirmed_by_users_id_fk" FOREIGN KEY ("enterprise_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minimum_wage_rounds" ADD CONSTRAINT "minimum_wage_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_union_org_id_organisations_id_fk" FOREIGN KEY ("union_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_enterprise_org_id_organisations_id_fk" FOREIGN KEY ("enterprise_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_higher_union_org_id_organisations_id_fk" FOREIGN KEY ("higher_union_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_filed_with_org_id_organisations_id_fk" FOREIGN KEY ("filed_with_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratifications" ADD CONSTRAINT "ratifications_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratifications" ADD CONSTRAINT "ratifications_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratifications" ADD CONSTRAINT "ratifications_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_tabled_by_users_id_fk" FOREIGN KEY ("tabled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_offs" ADD CONSTRAINT "sign_offs_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_offs" ADD CONSTRAINT "sign_offs_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_offs" ADD CONSTRAINT "sign_offs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_offs" ADD CONSTRAINT "sign_offs_delegation_id_delegations_id_fk" FOREIGN KEY ("delegation_id") REFERENCES "public"."delegations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tentative_agreements" ADD CONSTRAINT "tentative_agreements_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tentative_agreements" ADD CONSTRAINT "tentative_agreements_union_confirmed_by_users_id_fk" FOREIGN KEY ("union_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tentative_agreements" ADD CONSTRAINT "tentative_agreements_enterprise_confirmed_by_users_id_fk" FOREIGN KEY ("enterprise_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_negotiation_idx" ON "audit_log" USING btree ("negotiation_id","id");--> statement-breakpoint
CREATE INDEX "doc_updates_negotiation_idx" ON "doc_updates" USING btree ("negotiation_id","draft","id");--> statement-breakpoint
CREATE INDEX "login_failures_username_idx" ON "login_failures" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "login_failures_address_idx" ON "login_failures" USING btree ("address","at");--> statement-breakpoint
CREATE UNIQUE INDEX "minimum_wage_rounds_area_date_idx" ON "minimum_wage_rounds" USING btree ("area","effective_from");--> statement-breakpoint
CREATE INDEX "negotiations_union_org_idx" ON "negotiations" USING btree ("union_org_id");--> statement-breakpoint
CREATE INDEX "negotiations_higher_union_org_idx" ON "negotiations" USING btree ("higher_union_org_id");--> statement-breakpoint
CREATE INDEX "negotiations_enterprise_org_idx" ON "negotiations" USING btree ("enterprise_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_negotiation_user_idx" ON "participants" USING btree ("negotiation_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_negotiation_round_idx" ON "rounds" USING btree ("negotiation_id","round");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tentative_agreements_agreed_idx" ON "tentative_agreements" USING btree ("negotiation_id") WHERE voided_at IS NULL AND union_confirmed_at IS NOT NULL AND enterprise_confirmed_at IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "versions_negotiation_seq_idx" ON "versions" USING btree ("negotiation_id","seq");