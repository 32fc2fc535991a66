ALTER TABLE `tentative_agreements` ADD `agreed_title` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tentative_agreements` ADD `agreed_body` text DEFAULT '' NOT NULL;