CREATE TABLE `feature_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`note` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "feature_codes_name" CHECK(name IN ('pickup', 'say-extension', 'record-call', 'agent-sign-in', 'agent-sign-out', 'simulate-inbound', 'dnd-on', 'dnd-off', 'voicemail-mine', 'voicemail-any', 'forward-always', 'forward-busy', 'forward-unreachable', 'forward-no-answer', 'forward-cancel', 'blind-transfer', 'attended-transfer', 'agent-consult'))
);
--> statement-breakpoint
CREATE INDEX `feature_codes_team_name_idx` ON `feature_codes` (`team_id`,`name`);--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_always` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_busy` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_no_answer` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_unreachable` text;