/** Which catalogue a locale tag or a POSIX environment picks, and that the pick reaches the findings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { localeFromEnv, localeOfTag, messageLocale, setMessageLocale } from '../../../src/core/index';
import { loadExample } from '../analysis/exampleEnv';

test('tags: every spelling of Simplified Chinese picks zh-cn; Traditional Chinese and the rest stay English', () => {
  for (const tag of ['zh-cn', 'zh-CN', 'zh', 'zh_CN.UTF-8', 'zh_CN.utf8@pinyin', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'ZH_cn'])
    assert.equal(localeOfTag(tag), 'zh-cn', tag);
  for (const tag of ['zh-tw', 'zh-TW', 'zh-Hant', 'zh-Hant-TW', 'zh_HK.UTF-8', 'en', 'en-US', 'fr', 'ja', '', 'C', undefined])
    assert.equal(localeOfTag(tag), 'en', String(tag));
});

test('environment: LC_ALL over LC_MESSAGES over LANG; empty means unset; C and POSIX mean English', () => {
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'POSIX' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C.UTF-8' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: '' }), 'zh-cn');
  assert.equal(localeFromEnv({}), 'en');
});

test('environment: LANGUAGE is a preference list, read only when the messages locale is set and not C', () => {
  assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LANGUAGE: 'zh_CN:en' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LANGUAGE: 'en_US:en' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LANGUAGE: 'fr:zh_CN' }), 'zh-cn', 'first entry with a catalogue');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LANGUAGE: 'fr' }), 'en', 'none of ours: untranslated');
  assert.equal(localeFromEnv({ LC_ALL: 'C', LANGUAGE: 'zh_CN' }), 'en', 'C wins over LANGUAGE');
  assert.equal(localeFromEnv({ LANGUAGE: 'zh_CN' }), 'en', 'no locale set is C');
});

test('setMessageLocale re-words a finding and keeps its code; back to English after', () => {
  const ex = loadExample('dm003_split_attention.py');
  const message = (): { code: string; message: string } => {
    const f = analyzeDocument(ex.doc, ex.env).findings.find((x) => x.code === 'DM003')!;
    return { code: f.code, message: f.message };
  };
  try {
    assert.equal(setMessageLocale('zh_CN.UTF-8'), 'zh-cn');
    assert.equal(messageLocale(), 'zh-cn');
    const zh = message();
    assert.equal(zh.code, 'DM003');
    assert.match(zh.message, /被切分到/);
    assert.match(zh.message, /RuntimeError: Expected all tensors to be on the same device/);
    assert.equal(setMessageLocale('en-US'), 'en');
    assert.match(message().message, /is split over/);
  } finally {
    setMessageLocale(undefined);
  }
});
