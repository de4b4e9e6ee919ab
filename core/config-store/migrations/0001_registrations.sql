CREATE TABLE `registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`aor` text NOT NULL,
	`team_id` integer NOT NULL,
	`extension_id` integer NOT NULL,
	`number` text NOT NULL,
	`contact_uri` text NOT NULL,
	`q_milli` integer NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`call_id` text NOT NULL,
	`cseq` integer NOT NULL,
	`protocol` text NOT NULL,
	`source_address` text NOT NULL,
	`source_port` integer NOT NULL,
	`is_behind_nat` integer NOT NULL,
	`user_agent` text NOT NULL,
	`instance_id` text,
	`registered_at_ms` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_aor_contact_unique` ON `registrations` (`aor`,`contact_uri`);--> statement-breakpoint
CREATE INDEX `registrations_expires_idx` ON `registrations` (`expires_at_ms`);