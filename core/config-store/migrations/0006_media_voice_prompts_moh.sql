CREATE TABLE `call_prompt_variants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prompt_id` integer NOT NULL,
	`language` text NOT NULL,
	`voice_file_id` integer NOT NULL,
	FOREIGN KEY (`prompt_id`) REFERENCES `call_prompts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`voice_file_id`) REFERENCES `voice_files`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "call_prompt_variants_language" CHECK(language IN ('en', 'cn', 'jp', 'kr', 'ru', 'fr', 'de', 'es'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_prompt_variants_prompt_language_unique` ON `call_prompt_variants` (`prompt_id`,`language`);--> statement-breakpoint
CREATE INDEX `call_prompt_variants_voice_file_idx` ON `call_prompt_variants` (`voice_file_id`);--> statement-breakpoint
CREATE TABLE `call_prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`description` text,
	`voice_file_id` integer,
	`default_language` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`voice_file_id`) REFERENCES `voice_files`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "call_prompts_default_language" CHECK(default_language IN ('en', 'cn', 'jp', 'kr', 'ru', 'fr', 'de', 'es'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_prompts_team_name_unique` ON `call_prompts` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `call_prompts_voice_file_idx` ON `call_prompts` (`voice_file_id`);--> statement-breakpoint
CREATE TABLE `moh_class_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`moh_class_id` integer NOT NULL,
	`voice_file_id` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`moh_class_id`) REFERENCES `moh_classes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`voice_file_id`) REFERENCES `voice_files`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moh_class_files_class_file_unique` ON `moh_class_files` (`moh_class_id`,`voice_file_id`);--> statement-breakpoint
CREATE INDEX `moh_class_files_voice_file_idx` ON `moh_class_files` (`voice_file_id`);--> statement-breakpoint
CREATE TABLE `moh_classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`identifier` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moh_classes_team_identifier_unique` ON `moh_classes` (`team_id`,`identifier`);--> statement-breakpoint
CREATE TABLE `voice_files` (
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
	CONSTRAINT "voice_files_source_encoding" CHECK(source_encoding IN ('pcm8', 'pcm16', 'alaw', 'ulaw')),
	CONSTRAINT "voice_files_positive" CHECK(duration_ms >= 0 AND size_bytes > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voice_files_team_name_unique` ON `voice_files` (`team_id`,`name`);