CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`kind` text NOT NULL,
	`account_id` integer NOT NULL,
	`team_id` integer,
	`name` text,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "api_tokens_kind" CHECK(kind IN ('session', 'apiKey'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_account_idx` ON `api_tokens` (`account_id`);--> statement-breakpoint
CREATE INDEX `api_tokens_expires_idx` ON `api_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `operation_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`account_id` integer,
	`username` text NOT NULL,
	`team_id` integer,
	`action` text NOT NULL,
	`resource` text NOT NULL,
	`object_id` text,
	`ip` text NOT NULL,
	`detail` text NOT NULL,
	CONSTRAINT "operation_logs_action" CHECK(action IN ('login', 'loginFailed', 'logout', 'create', 'update', 'delete'))
);
--> statement-breakpoint
CREATE INDEX `operation_logs_team_idx` ON `operation_logs` (`team_id`,`id`);--> statement-breakpoint
CREATE INDEX `operation_logs_created_idx` ON `operation_logs` (`created_at`);