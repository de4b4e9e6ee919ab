CREATE TABLE `bills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`level` text NOT NULL,
	`team_id` integer,
	`account_id` integer,
	`owner_key` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`due_date` text NOT NULL,
	`creator` text DEFAULT 'system' NOT NULL,
	`holder_name` text DEFAULT '' NOT NULL,
	`balance_bf_e4` integer DEFAULT 0 NOT NULL,
	`payment_e4` integer DEFAULT 0 NOT NULL,
	`adjustment_e4` integer DEFAULT 0 NOT NULL,
	`new_charges_e4` integer DEFAULT 0 NOT NULL,
	`interest_e4` integer DEFAULT 0 NOT NULL,
	`current_balance_e4` integer DEFAULT 0 NOT NULL,
	`monthly_fee_e4` integer DEFAULT 0 NOT NULL,
	`dial_out_e4` integer DEFAULT 0 NOT NULL,
	`dial_in_e4` integer DEFAULT 0 NOT NULL,
	`other_e4` integer DEFAULT 0 NOT NULL,
	`dial_out_calls` integer DEFAULT 0 NOT NULL,
	`dial_in_calls` integer DEFAULT 0 NOT NULL,
	`lines_json` text DEFAULT '[]' NOT NULL,
	`generated_at` integer NOT NULL,
	`emailed_at` integer,
	`email_error` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bills_level" CHECK(level IN ('system', 'team', 'user')),
	CONSTRAINT "bills_owner_by_level" CHECK((level = 'system' AND team_id IS NULL AND account_id IS NULL) OR (level = 'team' AND team_id IS NOT NULL AND account_id IS NULL) OR (level = 'user' AND team_id IS NOT NULL AND account_id IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bills_owner_period_unique` ON `bills` (`owner_key`,`period_start`);--> statement-breakpoint
CREATE INDEX `bills_team_idx` ON `bills` (`team_id`,`id`);--> statement-breakpoint
CREATE INDEX `bills_account_idx` ON `bills` (`account_id`,`id`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `receive_bill_email` integer DEFAULT false NOT NULL;