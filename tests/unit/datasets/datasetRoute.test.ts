import { describe, expect, it } from 'vitest';
import { hashFor, parseHashRoute } from '../../../renderer/src/app/hashRoute.ts';
import { datasetHash, datasetRouteParam } from '../../../renderer/src/pages/datasets/datasetRoute.ts';

describe('hash routes with parameters', () => {
  it('reads the page id with or without the leading #/ and falls back to the default page', () => {
    expect(parseHashRoute('#/tokenizer', 'home').page).toBe('tokenizer');
    expect(parseHashRoute('/tokenizer', 'home').page).toBe('tokenizer');
    expect(parseHashRoute('#tokenizer', 'home').page).toBe('tokenizer');
    expect(parseHashRoute('', 'home').page).toBe('home');
    expect(parseHashRoute('#/', 'home').page).toBe('home');
    expect(parseHashRoute('#/?dataset=a', 'home').page).toBe('home');
  });

  it('splits the page id from its query parameters', () => {
    const route = parseHashRoute('#/datasets?dataset=ds_1&tab=rows', 'home');
    expect(route.page).toBe('datasets');
    expect(route.params.get('dataset')).toBe('ds_1');
    expect(route.params.get('tab')).toBe('rows');
    expect(parseHashRoute('#/datasets', 'home').params.get('dataset')).toBeNull();
  });

  it('writes hashes that read back to the same page and parameters, escaping what needs it', () => {
    const id = 'a b&c=d?#é/';
    const hash = hashFor('datasets', { dataset: id, other: 'x' });
    expect(hash.startsWith('#/datasets?')).toBe(true);
    const route = parseHashRoute(hash, 'home');
    expect(route.page).toBe('datasets');
    expect(route.params.get('dataset')).toBe(id);
    expect(route.params.get('other')).toBe('x');
  });

  it('leaves out parameters without a value', () => {
    expect(hashFor('datasets')).toBe('#/datasets');
    expect(hashFor('datasets', { dataset: null, tab: undefined, q: '' })).toBe('#/datasets');
  });

  it('names the dataset to select on the Datasets page', () => {
    expect(datasetHash('0f3c')).toBe('#/datasets?dataset=0f3c');
    expect(datasetHash(null)).toBe('#/datasets');
    expect(parseHashRoute(datasetHash('x/y'), 'home').params.get(datasetRouteParam)).toBe('x/y');
  });
});
