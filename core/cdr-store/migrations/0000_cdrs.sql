CREATE TABLE `cdrs` (
	`call_id` text PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`call_type` text NOT NULL,
	`caller_number` text NOT NULL,
	`caller_name` text,
	`called_number` text NOT NULL,
	`did` text,
	`extension_id` integer,
	`trunk_id` integer,
	`started_at_ms` integer NOT NULL,
	`answered_at_ms` integer,
	`ended_at_ms` integer,
	`total_duration_sec` integer NOT NULL,
	`billable_duration_sec` integer NOT NULL,
	`result` text NOT NULL,
	`hangup_cause` integer,
	`hangup_side` text,
	`sip_status` integer,
	`codec` text,
	`mos` real,
	`recording_path` text
);
--> statement-breakpoint
CREATE INDEX `cdrs_team_started_idx` ON `cdrs` (`team_id`,`started_at_ms`);--> statement-breakpoint
CREATE INDEX `cdrs_open_idx` ON `cdrs` (`ended_at_ms`);