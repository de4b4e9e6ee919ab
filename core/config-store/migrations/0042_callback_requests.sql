CREATE TABLE `callback_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`caller_number` text NOT NULL,
	`called_number` text NOT NULL,
	`call_id` text NOT NULL,
	`request_count` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`handled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "callback_requests_status" CHECK(status IN ('pending', 'done'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `callback_requests_pending_unique` ON `callback_requests` (`team_id`,`caller_number`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `callback_requests_team_idx` ON `callback_requests` (`team_id`,`status`);