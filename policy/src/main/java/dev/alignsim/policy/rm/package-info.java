/**
 * The learned reward model: the policy's encoder with a scalar head, trained on K-wise rankings with the
 * Bradley-Terry loss, normalised against the reference policy's responses, and run as an ensemble whose spread
 * measures how unsure it is.
 */
package dev.alignsim.policy.rm;
