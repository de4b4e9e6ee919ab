CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`context` text NOT NULL,
	`start_label` text DEFAULT 's' NOT NULL,
	`priority` integer DEFAULT 1 NOT NULL,
	`internal_number` text NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "applications_context" CHECK(context IN ('agent-login', 'agent-logout', 'agent-pause', 'voicemail-main', 'call-pickup')),
	CONSTRAINT "applications_priority" CHECK(priority >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_team_name_unique` ON `applications` (`team_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_team_number_unique` ON `applications` (`team_id`,`internal_number`);--> statement-breakpoint
CREATE TABLE `ivr_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`flow_id` integer NOT NULL,
	`position` integer NOT NULL,
	`action` text NOT NULL,
	`prompt_id` integer,
	`variable` text,
	`min_digits` integer,
	`max_digits` integer,
	`timeout_sec` integer,
	`terminator` text,
	`pattern` text,
	`url` text,
	`method` text,
	`request_params` text,
	`failover_type` text,
	`failover_id` integer,
	`failover_value` text,
	`failover_end_prompt_id` integer,
	`description` text,
	FOREIGN KEY (`flow_id`) REFERENCES `ivr_flows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prompt_id`) REFERENCES `call_prompts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`failover_end_prompt_id`) REFERENCES `call_prompts`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "ivr_actions_action" CHECK(action IN ('prompt', 'input', 'webService')),
	CONSTRAINT "ivr_actions_failover_type" CHECK(failover_type IN ('hangup', 'busy', 'prompt', 'ivr', 'queue', 'extension', 'ringGroup', 'voicemail'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ivr_actions_flow_position_unique` ON `ivr_actions` (`flow_id`,`position`);--> statement-breakpoint
CREATE INDEX `ivr_actions_prompt_idx` ON `ivr_actions` (`prompt_id`);--> statement-breakpoint
CREATE INDEX `ivr_actions_failover_idx` ON `ivr_actions` (`failover_type`,`failover_id`);--> statement-breakpoint
CREATE TABLE `ivr_flows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`internal_number` text NOT NULL,
	`failover_type` text DEFAULT 'hangup' NOT NULL,
	`failover_id` integer,
	`failover_value` text,
	`failover_end_prompt_id` integer,
	`api_call_timeout_sec` integer DEFAULT 10 NOT NULL,
	`max_loops` integer DEFAULT 2 NOT NULL,
	`save_variables` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`failover_end_prompt_id`) REFERENCES `call_prompts`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "ivr_flows_failover_type" CHECK(failover_type IN ('hangup', 'busy', 'prompt', 'ivr', 'queue', 'extension', 'ringGroup', 'voicemail')),
	CONSTRAINT "ivr_flows_number_digits" CHECK(internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'),
	CONSTRAINT "ivr_flows_max_loops" CHECK(max_loops BETWEEN 1 AND 10),
	CONSTRAINT "ivr_flows_api_call_timeout" CHECK(api_call_timeout_sec BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ivr_flows_team_name_unique` ON `ivr_flows` (`team_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `ivr_flows_team_number_unique` ON `ivr_flows` (`team_id`,`internal_number`);--> statement-breakpoint
CREATE INDEX `ivr_flows_failover_idx` ON `ivr_flows` (`failover_type`,`failover_id`);--> statement-breakpoint
CREATE TABLE `ivr_transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`flow_id` integer NOT NULL,
	`position` integer NOT NULL,
	`source` text DEFAULT 'inputcode' NOT NULL,
	`condition` text,
	`destination_type` text NOT NULL,
	`destination_id` integer,
	`destination_value` text,
	`failover_type` text,
	`failover_id` integer,
	`failover_value` text,
	`failover_end_prompt_id` integer,
	FOREIGN KEY (`flow_id`) REFERENCES `ivr_flows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`failover_end_prompt_id`) REFERENCES `call_prompts`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "ivr_transitions_destination_type" CHECK(destination_type IN ('hangup', 'busy', 'prompt', 'ivr', 'queue', 'extension', 'ringGroup', 'voicemail', 'conference', 'application', 'fax', 'outboundRoute', 'sendDtmf', 'callback')),
	CONSTRAINT "ivr_transitions_failover_type" CHECK(failover_type IN ('hangup', 'busy', 'prompt', 'ivr', 'queue', 'extension', 'ringGroup', 'voicemail'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ivr_transitions_flow_position_unique` ON `ivr_transitions` (`flow_id`,`position`);--> statement-breakpoint
CREATE INDEX `ivr_transitions_destination_idx` ON `ivr_transitions` (`destination_type`,`destination_id`);--> statement-breakpoint
CREATE INDEX `ivr_transitions_failover_idx` ON `ivr_transitions` (`failover_type`,`failover_id`);