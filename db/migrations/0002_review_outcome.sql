ALTER TABLE `negotiations` ADD `review_outcome` text;--> statement-breakpoint
ALTER TABLE `negotiations` ADD `reviewed_on` text;--> statement-breakpoint
ALTER TABLE `negotiations` ADD `review_note` text;