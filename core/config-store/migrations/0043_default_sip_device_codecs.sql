-- D94: the default SIP device template lets phones keep G.722 and Opus now that device allow= is applied.
-- Only a row still as seeded changes; an edited one is the admin's.
UPDATE `pbx_templates` SET `details` = 'type=friend
host=dynamic
nat=yes
qualify=yes
context=hosted-dialout
directmedia=no
dtmfmode=rfc2833
disallow=all
allow=ulaw,alaw,g722,opus,gsm,g729' WHERE `team_id` IS NULL AND `name` = 'default sip device' AND `details` = 'type=friend
host=dynamic
nat=yes
qualify=yes
context=hosted-dialout
directmedia=no
dtmfmode=rfc2833
disallow=all
allow=ulaw,alaw,gsm,g729';
