CREATE TABLE `minimum_wage_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area` text NOT NULL,
	`monthly_fen` integer NOT NULL,
	`hourly_fen` integer NOT NULL,
	`effective_from` text NOT NULL,
	`source` text NOT NULL,
	`confirmed` integer DEFAULT false NOT NULL,
	`origin` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `minimum_wage_rounds_area_date_idx` ON `minimum_wage_rounds` (`area`,`effective_from`);--> statement-breakpoint
ALTER TABLE `negotiations` ADD `minimum_wage_area` text DEFAULT '内蒙古·一类' NOT NULL;--> statement-breakpoint
-- Hand-written (issue 13): negotiations that existed before this migration check against 内蒙古·一类,
-- the area of the demo's 青城市; the column default already gives it, this says so explicitly.
UPDATE `negotiations` SET `minimum_wage_area` = '内蒙古·一类' WHERE `minimum_wage_area` = '';
