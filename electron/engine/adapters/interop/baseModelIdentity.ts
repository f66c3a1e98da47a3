import { metadataNumber, metadataString } from '../../gguf/ggufReader.ts';
import { gguf, type GgufMetadata, type GgufValue } from '../../gguf/ggufValues.ts';

const huggingFaceUrl = /^https?:\/\/(?:www\.)?huggingface\.co\/([\w.-]+\/[\w.-]+?)\/?$/;
const huggingFaceId = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** A config's base_model_name_or_path that names a Hugging Face repository rather than a folder on some machine. */
export function asHuggingFaceId(declared: string | null | undefined): string | null {
  if (!declared) return null;
  const url = huggingFaceUrl.exec(declared);
  if (url) return url[1]!;
  return huggingFaceId.test(declared) ? declared : null;
}

/**
 * GGUF metadata recording the base an imported adapter was trained on, in the general.base_model.* keys
 * llama.cpp's converters write (so other tools read it too); a machine path is kept under workbench.* only.
 */
export function baseModelMetadata(declared: string | null): [string, GgufValue][] {
  const id = asHuggingFaceId(declared);
  if (id === null) return declared ? [['workbench.import.declared_base', gguf.string(declared)]] : [];
  const [organization, name] = id.split('/') as [string, string];
  return [
    ['general.base_model.count', gguf.uint32(1)],
    ['general.base_model.0.name', gguf.string(name)],
    ['general.base_model.0.organization', gguf.string(organization)],
    ['general.base_model.0.repo_url', gguf.string(`https://huggingface.co/${id}`)],
  ];
}

export interface BaseModelId {
  readonly id: string | null;
  /** Where the id came from, so the user knows how much to trust it. */
  readonly source: 'option' | 'adapter general.base_model' | 'base model source url' | 'base model naming' | 'adapter workbench.base_model.name' | 'none';
}

function fromBaseModelKeys(metadata: GgufMetadata): string | null {
  if ((metadataNumber(metadata, 'general.base_model.count') ?? 0) < 1) return null;
  const url = asHuggingFaceId(metadataString(metadata, 'general.base_model.0.repo_url'));
  if (url) return url;
  const name = metadataString(metadata, 'general.base_model.0.name');
  const organization = metadataString(metadata, 'general.base_model.0.organization');
  return name && organization ? asHuggingFaceId(`${organization}/${name}`) : null;
}

/**
 * The Hugging Face id a PEFT config should name as its base: given explicitly, recorded in the adapter, the
 * base GGUF's source URL, or composed from the base GGUF's naming keys the way llama.cpp's converter splits
 * a repository name (organization / basename-size_label-finetune), in that order of trust.
 */
export function baseModelIdFor(adapter: GgufMetadata, base: GgufMetadata | null, explicit: string | undefined): BaseModelId {
  if (explicit) return { id: explicit, source: 'option' };
  const recorded = fromBaseModelKeys(adapter);
  if (recorded) return { id: recorded, source: 'adapter general.base_model' };
  if (base) {
    const url = asHuggingFaceId(metadataString(base, 'general.source.repo_url') ?? metadataString(base, 'general.source.url'));
    if (url) return { id: url, source: 'base model source url' };
    const organization = metadataString(base, 'general.organization');
    const basename = metadataString(base, 'general.basename');
    if (organization && basename) {
      const parts = [basename, metadataString(base, 'general.size_label'), metadataString(base, 'general.finetune')].filter((part) => part);
      const composed = asHuggingFaceId(`${organization.replace(/\s+/g, '-')}/${parts.join('-').replace(/\s+/g, '-')}`);
      if (composed) return { id: composed, source: 'base model naming' };
    }
  }
  // The trainer records the base's general.name: useful only when it is a repository id.
  const trained = asHuggingFaceId(metadataString(adapter, 'workbench.base_model.name'));
  if (trained) return { id: trained, source: 'adapter workbench.base_model.name' };
  return { id: null, source: 'none' };
}
