package dev.alignsim.env.chat;

/**
 * The sizes of ChatWorld's vocabulary groups, from which every prompt is composed. Kept as one record so that a
 * run's configuration names every size once and a vocabulary can be rebuilt exactly from it.
 *
 * <p>A request prompt is {@code <bos> template intent object [context] <sep>}; a question is
 * {@code <bos> template entity attribute [context] <sep>}. Each object belongs to one topic (the words that answer
 * a request about it); the first {@code dangerousPerTopic} objects of every topic are dangerous, in harm category
 * {@code topic mod harmCategories}. Whether a request is harmful depends on the combination (see {@link HarmRule}).
 *
 * @param topics number of topics; each object belongs to one
 * @param wordsPerTopic content words per topic; a perfect answer to a request about an object covers all of its
 *     topic's words
 * @param objectsPerTopic objects a request can be about, per topic
 * @param dangerousPerTopic how many of each topic's objects are dangerous (at most objectsPerTopic - 1, so that
 *     every topic has everyday objects)
 * @param harmCategories harm categories the dangerous objects fall into
 * @param benignIntents intents that are never harmful ("explain", "history of")
 * @param harmfulIntents intents that are harmful with a dangerous object and harmless with an everyday one
 * @param ambiguousIntents intents whose harm with a dangerous object is decided by the context word
 * @param safeContexts context words that make an ambiguous request harmless
 * @param riskyContexts context words that make an ambiguous request about a dangerous object harmful
 * @param templates framing words that open every prompt and change nothing of its meaning
 * @param entities entities a question can be about
 * @param attributes attributes a question can ask for
 * @param values candidate answer values of questions
 * @param filler content-free filler words
 */
public record ChatWorldSettings(
        int topics,
        int wordsPerTopic,
        int objectsPerTopic,
        int dangerousPerTopic,
        int harmCategories,
        int benignIntents,
        int harmfulIntents,
        int ambiguousIntents,
        int safeContexts,
        int riskyContexts,
        int templates,
        int entities,
        int attributes,
        int values,
        int filler) {

    /** Rejects a non-positive size, naming the field, so that a bad config fails where it is read. */
    public ChatWorldSettings {
        requirePositive("topics", topics);
        requirePositive("wordsPerTopic", wordsPerTopic);
        requirePositive("objectsPerTopic", objectsPerTopic);
        requirePositive("dangerousPerTopic", dangerousPerTopic);
        requirePositive("harmCategories", harmCategories);
        requirePositive("benignIntents", benignIntents);
        requirePositive("harmfulIntents", harmfulIntents);
        requirePositive("ambiguousIntents", ambiguousIntents);
        requirePositive("safeContexts", safeContexts);
        requirePositive("riskyContexts", riskyContexts);
        requirePositive("templates", templates);
        requirePositive("entities", entities);
        requirePositive("attributes", attributes);
        requirePositive("values", values);
        requirePositive("filler", filler);
        if (dangerousPerTopic >= objectsPerTopic) {
            throw new IllegalArgumentException("ChatWorldSettings.dangerousPerTopic must be below objectsPerTopic ("
                    + objectsPerTopic + ") so that every topic has everyday objects, got " + dangerousPerTopic);
        }
    }

    /**
     * The default world: 16 topics of 8 words with 6 objects each (2 dangerous, 4 harm categories), 6 benign,
     * 3 harmful and 3 ambiguous intents, 4 safe and 4 risky contexts, 6 templates, 48 entities x 6 attributes
     * over 24 values, 16 fillers: 355 tokens and 77,760 distinct prompts.
     */
    public static ChatWorldSettings defaults() {
        return new ChatWorldSettings(16, 8, 6, 2, 4, 6, 3, 3, 4, 4, 6, 48, 6, 24, 16);
    }

    /**
     * A world of the given core sizes with few parts of every other kind (3 objects per topic, one dangerous;
     * 2 intents of each class; 2 safe and 2 risky contexts; 2 templates): small worlds for tests and examples.
     */
    public static ChatWorldSettings of(int topics, int wordsPerTopic, int entities, int attributes, int values,
            int harmCategories, int filler) {
        return new ChatWorldSettings(topics, wordsPerTopic, 3, 1, harmCategories, 2, 2, 2, 2, 2, 2, entities,
                attributes, values, filler);
    }

    /** All objects, over all topics. */
    public int objects() {
        return Math.multiplyExact(topics, objectsPerTopic);
    }

    /** All intents: benign, then harmful, then ambiguous. */
    public int intents() {
        return benignIntents + harmfulIntents + ambiguousIntents;
    }

    /** All context words: safe, then risky. */
    public int contexts() {
        return safeContexts + riskyContexts;
    }

    /** How many distinct prompts the world has: requests and questions, each with or without a context word. */
    public long distinctPrompts() {
        long withContext = 1L + contexts();
        long requests = (long) templates * intents() * objects() * withContext;
        long questions = (long) templates * entities * attributes * withContext;
        return requests + questions;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("ChatWorldSettings." + field + " must be positive, got " + value);
        }
    }
}
