CREATE TABLE `finance_adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`type` text NOT NULL,
	`amount_e4` integer NOT NULL,
	`method` text DEFAULT 'other' NOT NULL,
	`receipt_no` text,
	`remark` text,
	`balance_before_e4` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "finance_adjustments_type" CHECK(type IN ('recharge', 'deduction')),
	CONSTRAINT "finance_adjustments_method" CHECK(method IN ('other', 'creditCard', 'paypal', 'wireTransfer', 'cash'))
);
--> statement-breakpoint
CREATE INDEX `finance_adjustments_team_idx` ON `finance_adjustments` (`team_id`,`id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `current_fees_e4` integer DEFAULT 0 NOT NULL;