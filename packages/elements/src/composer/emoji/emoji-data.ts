/**
 * The Unicode emoji the panel offers, in the order readers of Chinese forums reach for them:
 * faces, then hands, then the rest. One string, split on spaces: smaller than an array literal.
 */
export const EMOJI = (
  '😀 😁 😂 🤣 😃 😄 😅 😆 😉 😊 😋 😎 😍 😘 🥰 🙂 🤗 🤩 🤔 🤨 😐 😑 😶 🙄 😏 😣 😥 😮 🤐 😯 😪 😫 ' +
  '🥱 😴 😌 😛 😜 😝 🤤 😒 😓 😔 😕 🙃 🤑 😲 🙁 😖 😞 😟 😤 😢 😭 😦 😧 😨 😩 🤯 😬 😰 😱 🥵 🥶 😳 ' +
  '🤪 😵 🥴 😠 😡 🤬 😷 🤒 🤕 🤢 🤮 🤧 😇 🥳 🥺 🤠 🤡 🤥 🤫 🤭 🧐 🤓 😈 👻 💀 🤖 💩 🙈 🙉 🙊 ' +
  '👍 👎 👏 🙌 👐 🤝 🙏 💪 👌 ✌️ 🤞 🤟 🤘 👋 👊 ✊ ' +
  '❤️ 💔 💯 🔥 ✨ 🎉 🎊 🌹 🌸 🍵 ☕ 🍉 🍺 🎂 🧧 🏮 ⭐ 🌙 ☀️ 🌧️ ⚡ 💤 💰 🚀'
).split(' ');
