CREATE TABLE `caucus_drafts` (
	`negotiation_id` text NOT NULL,
	`side` text NOT NULL,
	`base_content` text,
	`base_hash` text,
	`base_round` integer,
	`copied_at` integer,
	`copied_by` text,
	`representatives_may_table` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`negotiation_id`, `side`),
	FOREIGN KEY (`negotiation_id`) REFERENCES `negotiations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`copied_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`negotiation_id` text NOT NULL,
	`round` integer NOT NULL,
	`side` text NOT NULL,
	`version_id` text NOT NULL,
	`tabled_by` text NOT NULL,
	`tabled_at` integer NOT NULL,
	`changed_clauses` text NOT NULL,
	FOREIGN KEY (`negotiation_id`) REFERENCES `negotiations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tabled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_negotiation_round_idx` ON `rounds` (`negotiation_id`,`round`);--> statement-breakpoint
DROP INDEX `doc_updates_negotiation_idx`;--> statement-breakpoint
ALTER TABLE `doc_updates` ADD `draft` text DEFAULT 'live' NOT NULL;--> statement-breakpoint
CREATE INDEX `doc_updates_negotiation_idx` ON `doc_updates` (`negotiation_id`,`draft`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_doc_states` (
	`negotiation_id` text NOT NULL,
	`draft` text DEFAULT 'live' NOT NULL,
	`state` blob NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`negotiation_id`, `draft`),
	FOREIGN KEY (`negotiation_id`) REFERENCES `negotiations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_doc_states`("negotiation_id", "draft", "state", "updated_at") SELECT "negotiation_id", 'live', "state", "updated_at" FROM `doc_states`;--> statement-breakpoint
DROP TABLE `doc_states`;--> statement-breakpoint
ALTER TABLE `__new_doc_states` RENAME TO `doc_states`;--> statement-breakpoint
PRAGMA foreign_keys=ON;
-- Hand-edited: drizzle-kit copied a "draft" column the old doc_states never had; every existing
-- compacted state is a live draft, so the copy above writes 'live' for it.
