import type { DataType } from '@mark1/sdk';
import { words } from '../text/tokenize';

/** Words that name a data type in a request ("CSV", "spreadsheet", "photos", "folder"). */
const TYPE_WORDS: Readonly<Record<string, DataType>> = {
  csv: 'csv',
  tsv: 'csv',
  spreadsheet: 'csv',
  spreadsheets: 'csv',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  xml: 'xml',
  html: 'html',
  webpage: 'html',
  markdown: 'markdown',
  md: 'markdown',
  pdf: 'pdf',
  pdfs: 'pdf',
  image: 'image',
  images: 'image',
  picture: 'image',
  pictures: 'image',
  photo: 'image',
  photos: 'image',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  audio: 'audio',
  mp3: 'audio',
  wav: 'audio',
  recording: 'audio',
  podcast: 'audio',
  video: 'video',
  videos: 'video',
  mp4: 'video',
  movie: 'video',
  url: 'url',
  urls: 'url',
  link: 'url',
  links: 'url',
  website: 'url',
  folder: 'directory',
  folders: 'directory',
  directory: 'directory',
  directories: 'directory',
};

/** The data type a single word names, if any. */
export function typeOfWord(word: string): DataType | undefined {
  return Object.hasOwn(TYPE_WORDS, word) ? TYPE_WORDS[word] : undefined;
}

/** What a request says about data types. */
export interface TypeMentions {
  /** Every type named. */
  readonly mentioned: ReadonlySet<DataType>;
  /** Types named as the source ("from JSON", "JSON to CSV": json). */
  readonly from: ReadonlySet<DataType>;
  /** Types named as the result ("to CSV", "into JSON", "as a PDF": csv, json, pdf). */
  readonly to: ReadonlySet<DataType>;
}

const TARGET_WORDS = new Set(['to', 'into', 'as']);
const SOURCE_WORDS = new Set(['from', 'of']);

/** The data types a text names, and which of them it names as source or result of a conversion. */
export function typeMentions(text: string): TypeMentions {
  const list = words(text);
  const mentioned = new Set<DataType>();
  const from = new Set<DataType>();
  const to = new Set<DataType>();
  list.forEach((word, index) => {
    const type = typeOfWord(word);
    if (!type) return;
    mentioned.add(type);
    // Look back over an article ("into a PDF", "as an image").
    let back = index - 1;
    if (back >= 0 && (list[back] === 'a' || list[back] === 'an' || list[back] === 'the')) back -= 1;
    const before = back >= 0 ? list[back] : undefined;
    if (before && TARGET_WORDS.has(before)) {
      to.add(type);
      // "JSON to CSV": the type just before "to" is the source.
      const source = back >= 1 ? typeOfWord(list[back - 1]!) : undefined;
      if (source) from.add(source);
    } else if (before && SOURCE_WORDS.has(before)) {
      from.add(type);
    }
  });
  return { mentioned, from, to };
}
