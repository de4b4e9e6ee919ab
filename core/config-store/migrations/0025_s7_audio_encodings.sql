PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_voice_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`format` text DEFAULT 'wav' NOT NULL,
	`source_encoding` text NOT NULL,
	`source_rate_hz` integer NOT NULL,
	`source_channels` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`size_bytes` integer NOT NULL,
	`has_wideband` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "voice_files_format" CHECK(format IN ('wav')),
	CONSTRAINT "voice_files_source_encoding" CHECK(source_encoding IN ('pcm8', 'pcm16', 'alaw', 'ulaw', 'mp3', 'gsm')),
	CONSTRAINT "voice_files_positive" CHECK(duration_ms >= 0 AND size_bytes > 0)
);
--> statement-breakpoint
INSERT INTO `__new_voice_files`("id", "team_id", "name", "format", "source_encoding", "source_rate_hz", "source_channels", "duration_ms", "size_bytes", "has_wideband", "created_at", "updated_at") SELECT "id", "team_id", "name", "format", "source_encoding", "source_rate_hz", "source_channels", "duration_ms", "size_bytes", "has_wideband", "created_at", "updated_at" FROM `voice_files`;--> statement-breakpoint
DROP TABLE `voice_files`;--> statement-breakpoint
ALTER TABLE `__new_voice_files` RENAME TO `voice_files`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `voice_files_team_name_unique` ON `voice_files` (`team_id`,`name`);