ALTER TABLE `comments` ADD `mentions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `resolved_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `meetings` ADD `union_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `enterprise_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `recorded_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `meetings` ADD `updated_at` integer;