PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_feature_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`note` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "feature_codes_name" CHECK(name IN ('pickup', 'say-extension', 'record-call', 'agent-sign-in', 'agent-sign-out', 'simulate-inbound', 'dnd-on', 'dnd-off', 'voicemail-mine', 'voicemail-any', 'forward-always', 'forward-busy', 'forward-unreachable', 'forward-no-answer', 'forward-cancel', 'blind-transfer', 'attended-transfer', 'agent-consult', 'record-prompt', 'multi-party'))
);
--> statement-breakpoint
INSERT INTO `__new_feature_codes`("id", "team_id", "name", "code", "note", "enabled", "created_at", "updated_at") SELECT "id", "team_id", "name", "code", "note", "enabled", "created_at", "updated_at" FROM `feature_codes`;--> statement-breakpoint
DROP TABLE `feature_codes`;--> statement-breakpoint
ALTER TABLE `__new_feature_codes` RENAME TO `feature_codes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `feature_codes_team_name_idx` ON `feature_codes` (`team_id`,`name`);--> statement-breakpoint
ALTER TABLE `queues` ADD `multi_party` integer DEFAULT true NOT NULL;