CREATE TABLE `doc_writers` (
	`document` text NOT NULL,
	`client_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`document`, `client_id`)
);
