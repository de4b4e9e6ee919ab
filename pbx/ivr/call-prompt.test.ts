import { describe, expect, it } from 'vitest';
import { resolvePromptVoiceFile, voiceFilePlayName, type CallPromptFiles } from './call-prompt.ts';

const prompt: CallPromptFiles = {
  id: 1,
  voiceFileId: 100,
  defaultLanguage: 'cn',
  variants: [
    { language: 'cn', voiceFileId: 101 },
    { language: 'fr', voiceFileId: 102 },
    { language: 'en', voiceFileId: 103 },
  ],
};

describe('resolvePromptVoiceFile()', () => {
  it('PR-1 resolvePromptVoiceFile() when the call language has a variant → plays it', () => {
    expect(resolvePromptVoiceFile(prompt, 'fr', 'en')).toBe(102);
  });

  it("PR-1 resolvePromptVoiceFile() when it has none → plays the prompt's default language", () => {
    expect(resolvePromptVoiceFile(prompt, 'de', 'en')).toBe(101);
  });

  it('PR-1 resolvePromptVoiceFile() when no default-language variant → plays the base file', () => {
    expect(resolvePromptVoiceFile({ ...prompt, defaultLanguage: null }, 'de', 'en')).toBe(100);
  });

  it('PR-1 resolvePromptVoiceFile() when no base file → plays the system default language', () => {
    const bare = { ...prompt, defaultLanguage: null, voiceFileId: null };
    expect(resolvePromptVoiceFile(bare, 'de', 'en')).toBe(103);
    expect(resolvePromptVoiceFile({ id: 2, variants: [] }, 'de', 'en')).toBeUndefined();
  });
});

describe('voiceFilePlayName()', () => {
  it('voiceFilePlayName() → names the file by its team, or system, and id', () => {
    expect(voiceFilePlayName({ id: 12, teamId: null })).toBe('system/12');
    expect(voiceFilePlayName({ id: 13, teamId: 4 })).toBe('4/13');
  });
});
