// What a POST /tts carries (upstream's form fields), and the multipart body that sends it.

/** An uploaded voice: the FILE NAME's suffix tells pocket-tts its format (`.safetensors` fast, `.wav` slow). */
export interface VoiceUpload {
  filename: string;
  content: Buffer;
}

/** The fields of upstream's `POST /tts`: `text`, and at most one of `voice_url` and `voice_wav`. */
export interface TtsForm {
  text: string;
  voiceUrl?: string;
  voiceWav?: VoiceUpload;
}

/** A multipart/form-data body and its Content-Type (with the boundary). */
export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

/**
 * Encodes a form as multipart/form-data with Node's own FormData and Response: the boundary is random per
 * body, and the bytes are complete before they are sent (the request carries a Content-Length).
 */
export async function encodeForm(form: TtsForm): Promise<MultipartBody> {
  const data = new FormData();
  data.append('text', form.text);
  if (form.voiceUrl !== undefined) data.append('voice_url', form.voiceUrl);
  if (form.voiceWav !== undefined) data.append('voice_wav', new Blob([form.voiceWav.content], { type: 'application/octet-stream' }), plainName(form.voiceWav.filename));
  const response = new Response(data);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? 'multipart/form-data' };
}

// A file name goes inside double quotes: quotes, backslashes and line breaks are replaced (Node would
// percent-encode them, which servers do not decode), so the server sees a plain name with the same suffix.
function plainName(name: string): string {
  return name.replace(/["\\\r\n]/g, '_');
}
