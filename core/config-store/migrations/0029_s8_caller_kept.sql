CREATE TABLE `satisfaction_ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`queue_id` integer,
	`queue_number` text,
	`call_id` text NOT NULL,
	`member_key` text NOT NULL,
	`agent_id` integer,
	`agent_no` text,
	`customer_number` text NOT NULL,
	`score` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "satisfaction_ratings_score" CHECK(score BETWEEN 1 AND 9)
);
--> statement-breakpoint
CREATE INDEX `satisfaction_ratings_team_created_idx` ON `satisfaction_ratings` (`team_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `satisfaction_ratings_team_agent_idx` ON `satisfaction_ratings` (`team_id`,`agent_no`);--> statement-breakpoint
CREATE INDEX `satisfaction_ratings_call_idx` ON `satisfaction_ratings` (`call_id`);--> statement-breakpoint
ALTER TABLE `queues` ADD `rating_prompt_id` integer REFERENCES call_prompts(id);--> statement-breakpoint
ALTER TABLE `ivr_transitions` ADD `follow_up_prompt_id` integer REFERENCES call_prompts(id);--> statement-breakpoint
ALTER TABLE `ivr_transitions` ADD `return_to_ivr_id` integer REFERENCES ivr_flows(id);