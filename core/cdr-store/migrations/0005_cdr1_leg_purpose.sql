ALTER TABLE `cdr_legs` ADD `agent_group_id` integer;--> statement-breakpoint
ALTER TABLE `cdr_legs` ADD `purpose` text;