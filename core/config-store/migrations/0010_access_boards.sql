CREATE TABLE `boards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`number` integer NOT NULL,
	`driver` text NOT NULL,
	`config` text NOT NULL,
	`pending_config` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "boards_kind" CHECK(kind IN ('digital', 'analog')),
	CONSTRAINT "boards_number_positive" CHECK(number >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `boards_kind_number_unique` ON `boards` (`kind`,`number`);