ALTER TABLE `negotiations` ADD `coverage_enterprises` integer;--> statement-breakpoint
ALTER TABLE `negotiations` ADD `coverage_workers` integer;--> statement-breakpoint
ALTER TABLE `negotiations` ADD `algorithm_consulted_on` text;--> statement-breakpoint
ALTER TABLE `negotiations` ADD `filed_with_org_id` text REFERENCES organisations(id);--> statement-breakpoint
ALTER TABLE `negotiations` ADD `clause_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `negotiations_union_org_idx` ON `negotiations` (`union_org_id`);--> statement-breakpoint
CREATE INDEX `negotiations_higher_union_org_idx` ON `negotiations` (`higher_union_org_id`);--> statement-breakpoint
CREATE INDEX `negotiations_enterprise_org_idx` ON `negotiations` (`enterprise_org_id`);--> statement-breakpoint
CREATE INDEX `tentative_agreements_agreed_idx` ON `tentative_agreements` (`negotiation_id`) WHERE voided_at IS NULL AND union_confirmed_at IS NOT NULL AND enterprise_confirmed_at IS NOT NULL;--> statement-breakpoint
-- Hand-written: count each existing draft's clauses from its latest saved version until the clause
-- watcher recounts the live draft the next time it loads.
UPDATE `negotiations` SET `clause_count` = coalesce((SELECT json_array_length(`content`, '$.clauses') FROM `versions` WHERE `versions`.`negotiation_id` = `negotiations`.`id` ORDER BY `seq` DESC LIMIT 1), 0);
