"""The small web page `GET /` serves (upstream ships a demo front-end)."""

INDEX_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kyutai Pocket TTS</title>
<style>
body { font-family: sans-serif; max-width: 40em; margin: 2em auto; }
textarea, input { width: 100%; margin: 0.3em 0 1em; }
</style>
</head>
<body>
<h1>Kyutai Pocket TTS</h1>
<p>Contract double of pocket-tts 2.1.0: the audio is synthetic shaped noise, not speech.</p>
<form id="tts">
<label>Text<textarea name="text" rows="4">Hello world.</textarea></label>
<label>Voice (catalog name, http(s):// or hf:// URL)<input name="voice_url"></label>
<label>Or a voice file (.wav or .safetensors)<input type="file" name="voice_wav"></label>
<button type="submit">Generate</button>
</form>
<audio id="player" controls></audio>
<script>
document.getElementById("tts").addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  if (!data.get("voice_url")) data.delete("voice_url");
  if (!data.get("voice_wav") || !data.get("voice_wav").name) data.delete("voice_wav");
  const response = await fetch("/tts", { method: "POST", body: data });
  document.getElementById("player").src = URL.createObjectURL(await response.blob());
});
</script>
</body>
</html>
"""
