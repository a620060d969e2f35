package dev.alignsim.env.chat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * ChatWorld's typed tokens, ids {@code 0..size()-1}, laid out in fixed contiguous groups so that a token's
 * type and its index within its group are arithmetic, not lookups:
 *
 * <ol>
 *   <li>control: {@link #BOS}, {@link #SEP}, {@link #EOS}, {@link #PAD};</li>
 *   <li>response function words: {@link #SORRY}, {@link #CANNOT}, {@link #SHOULD_NOT}, {@link #UNSURE};</li>
 *   <li>topic words, topic by topic ({@code topic3_w2});</li>
 *   <li>entities ({@code ent5}), attributes ({@code attr1}), values ({@code val7});</li>
 *   <li>harm markers ({@code harm2}) and their harmless look-alikes ({@code lookalike2}), one per category;</li>
 *   <li>filler ({@code filler4}).</li>
 * </ol>
 *
 * <p>The fixed ids of the first eight tokens do not depend on the settings, so prompts and responses can be
 * checked for structure without a vocabulary at hand.
 */
public final class Vocabulary {

    public static final int BOS = 0;
    public static final int SEP = 1;
    public static final int EOS = 2;
    public static final int PAD = 3;
    public static final int SORRY = 4;
    public static final int CANNOT = 5;
    public static final int SHOULD_NOT = 6;
    public static final int UNSURE = 7;

    private static final String[] FIXED_NAMES = {"<bos>", "<sep>", "<eos>", "<pad>", "SORRY", "CANNOT",
        "SHOULD_NOT", "UNSURE"};
    private static final TokenType[] FIXED_TYPES = {TokenType.CONTROL, TokenType.CONTROL, TokenType.CONTROL,
        TokenType.CONTROL, TokenType.APOLOGY, TokenType.REFUSAL, TokenType.LECTURE, TokenType.UNSURE};

    private final ChatWorldSettings settings;
    private final int topicStart;
    private final int entityStart;
    private final int attributeStart;
    private final int valueStart;
    private final int harmStart;
    private final int lookalikeStart;
    private final int fillerStart;
    private final int size;
    private final TokenType[] types;
    private final String[] names;
    private final Map<TokenType, int[]> groups = new EnumMap<>(TokenType.class);

    public Vocabulary(ChatWorldSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        topicStart = FIXED_NAMES.length;
        entityStart = Math.addExact(topicStart, Math.multiplyExact(settings.topics(), settings.wordsPerTopic()));
        attributeStart = Math.addExact(entityStart, settings.entities());
        valueStart = Math.addExact(attributeStart, settings.attributes());
        harmStart = Math.addExact(valueStart, settings.values());
        lookalikeStart = Math.addExact(harmStart, settings.harmCategories());
        fillerStart = Math.addExact(lookalikeStart, settings.harmCategories());
        size = Math.addExact(fillerStart, settings.filler());
        types = new TokenType[size];
        names = new String[size];
        for (int id = 0; id < size; id++) {
            types[id] = computeType(id);
            names[id] = computeName(id);
        }
        for (TokenType type : TokenType.values()) {
            groups.put(type, collect(type));
        }
    }

    public ChatWorldSettings settings() {
        return settings;
    }

    public int size() {
        return size;
    }

    public TokenType type(int id) {
        return types[checkId(id)];
    }

    public String name(int id) {
        return names[checkId(id)];
    }

    /** The topic a topic word belongs to, or -1 for any other token. */
    public int topicOf(int id) {
        return type(id) == TokenType.TOPIC ? (id - topicStart) / settings.wordsPerTopic() : -1;
    }

    /** The index of a token within its group (entity 5 of {@code ent5} is 5; word 2 of {@code topic3_w2} is 2). */
    public int indexInGroup(int id) {
        checkId(id);
        return switch (types[id]) {
            case CONTROL, APOLOGY, REFUSAL, LECTURE, UNSURE -> id;
            case TOPIC -> (id - topicStart) % settings.wordsPerTopic();
            case ENTITY -> id - entityStart;
            case ATTRIBUTE -> id - attributeStart;
            case VALUE -> id - valueStart;
            case HARM_MARKER -> id - harmStart;
            case LOOKALIKE -> id - lookalikeStart;
            case FILLER -> id - fillerStart;
        };
    }

    /** All ids of one type, ascending; a fresh copy. */
    public int[] ids(TokenType type) {
        return groups.get(Objects.requireNonNull(type, "type")).clone();
    }

    /** The ids of topic {@code topic}'s words, ascending. */
    public int[] topicWords(int topic) {
        checkIndex("topic", topic, settings.topics());
        int[] ids = new int[settings.wordsPerTopic()];
        for (int w = 0; w < ids.length; w++) {
            ids[w] = topicWord(topic, w);
        }
        return ids;
    }

    public int topicWord(int topic, int word) {
        checkIndex("topic", topic, settings.topics());
        checkIndex("word", word, settings.wordsPerTopic());
        return topicStart + topic * settings.wordsPerTopic() + word;
    }

    public int entity(int entity) {
        return entityStart + checkIndex("entity", entity, settings.entities());
    }

    public int attribute(int attribute) {
        return attributeStart + checkIndex("attribute", attribute, settings.attributes());
    }

    public int value(int value) {
        return valueStart + checkIndex("value", value, settings.values());
    }

    public int harmMarker(int category) {
        return harmStart + checkIndex("harmCategory", category, settings.harmCategories());
    }

    public int lookalike(int category) {
        return lookalikeStart + checkIndex("harmCategory", category, settings.harmCategories());
    }

    public int filler(int filler) {
        return fillerStart + checkIndex("filler", filler, settings.filler());
    }

    /**
     * The topic a harm category (and its look-alike) is phrased in: {@code category mod topics}. It ties a
     * borderline prompt to content that answers it, and gives harmful and borderline prompts the same context.
     */
    public int relatedTopic(int category) {
        return checkIndex("harmCategory", category, settings.harmCategories()) % settings.topics();
    }

    private TokenType computeType(int id) {
        if (id < topicStart) {
            return FIXED_TYPES[id];
        } else if (id < entityStart) {
            return TokenType.TOPIC;
        } else if (id < attributeStart) {
            return TokenType.ENTITY;
        } else if (id < valueStart) {
            return TokenType.ATTRIBUTE;
        } else if (id < harmStart) {
            return TokenType.VALUE;
        } else if (id < lookalikeStart) {
            return TokenType.HARM_MARKER;
        } else if (id < fillerStart) {
            return TokenType.LOOKALIKE;
        }
        return TokenType.FILLER;
    }

    private String computeName(int id) {
        return switch (types[id]) {
            case CONTROL, APOLOGY, REFUSAL, LECTURE, UNSURE -> FIXED_NAMES[id];
            case TOPIC -> "topic" + topicOf(id) + "_w" + indexInGroup(id);
            case ENTITY -> "ent" + indexInGroup(id);
            case ATTRIBUTE -> "attr" + indexInGroup(id);
            case VALUE -> "val" + indexInGroup(id);
            case HARM_MARKER -> "harm" + indexInGroup(id);
            case LOOKALIKE -> "lookalike" + indexInGroup(id);
            case FILLER -> "filler" + indexInGroup(id);
        };
    }

    private int[] collect(TokenType type) {
        return IntStream.range(0, size).filter(id -> types[id] == type).toArray();
    }

    private int checkId(int id) {
        if (id < 0 || id >= size) {
            throw new IllegalArgumentException("token id must be in [0, " + size + "), got " + id);
        }
        return id;
    }

    private static int checkIndex(String what, int index, int bound) {
        if (index < 0 || index >= bound) {
            throw new IllegalArgumentException(what + " must be in [0, " + bound + "), got " + index);
        }
        return index;
    }

    @Override
    public String toString() {
        return "Vocabulary[" + settings + ", size=" + size + "]";
    }
}
