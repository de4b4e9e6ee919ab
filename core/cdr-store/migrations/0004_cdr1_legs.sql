CREATE TABLE `cdr_legs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` text NOT NULL,
	`leg_id` text NOT NULL,
	`target` text NOT NULL,
	`called_number` text NOT NULL,
	`extension_id` integer,
	`trunk_id` integer,
	`agent_id` integer,
	`agent_no` text,
	`started_at_ms` integer NOT NULL,
	`answered_at_ms` integer,
	`ended_at_ms` integer NOT NULL,
	`total_duration_sec` integer NOT NULL,
	`billable_duration_sec` integer NOT NULL,
	`result` text NOT NULL,
	`hangup_cause` integer
);
--> statement-breakpoint
CREATE INDEX `cdr_legs_call_idx` ON `cdr_legs` (`call_id`);