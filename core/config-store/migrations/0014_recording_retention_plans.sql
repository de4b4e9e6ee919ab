CREATE TABLE `recording_retention_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`retention_days` integer DEFAULT 30 NOT NULL,
	`run_at` text DEFAULT '00:00' NOT NULL,
	`expired_action` text DEFAULT 'move' NOT NULL,
	`move_path` text,
	`pack_archive` integer DEFAULT false NOT NULL,
	`last_run_date` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "recording_retention_plans_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "recording_retention_plans_action" CHECK(expired_action IN ('move', 'delete')),
	CONSTRAINT "recording_retention_plans_days" CHECK(retention_days BETWEEN 0 AND 36500),
	CONSTRAINT "recording_retention_plans_move_path" CHECK(expired_action <> 'move' OR move_path IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `recording_retention_plans_team_idx` ON `recording_retention_plans` (`team_id`);